// messages.h: every UI msgid of the respondent-facing pages, in one place. The msgids are the English texts;
// locales/<lang>/LC_MESSAGES/touchpoint.po translates each (a test checks that every msgid below is in
// every catalog with a non-empty translation that keeps the {N} placeholders).
//
// Thread-safety: compile-time constants.
#pragma once

#include <array>
#include <string_view>

namespace touchpoint::web::msg {

// A message with a singular and a plural msgid (gettext ngettext); {1} is the count.
struct Plural {
  std::string_view singular;
  std::string_view plural;
};

// Form.
inline constexpr std::string_view kSurvey = "Survey";          // page title when the survey has none
inline constexpr std::string_view kErrorTitle = "Error: {1}";  // page title of a form shown with errors
inline constexpr std::string_view kSubmit = "Submit";
inline constexpr std::string_view kRequired = "required";
inline constexpr std::string_view kOptional = "optional";
inline constexpr std::string_view kErrorPrefix = "Error:";  // read by screen readers before each message
inline constexpr std::string_view kCorrectErrors = "Please correct the errors below";
inline constexpr std::string_view kLanguage = "Language";
inline constexpr std::string_view kNotAtAllLikely = "Not at all likely";
inline constexpr std::string_view kExtremelyLikely = "Extremely likely";
inline constexpr std::string_view kSelectPlaceholder = "Select…";
inline constexpr std::string_view kRankPosition = "Position {1}";
inline constexpr std::string_view kRankHint =
    "Put the options in order: choose a different option for each position.";
inline constexpr std::string_view kChooseAll = "Choose all that apply.";
inline constexpr Plural kProblemCount = {"There is a problem with {1} answer.",
                                         "There are problems with {1} answers."};
inline constexpr Plural kMaxChars = {"Up to {1} character.", "Up to {1} characters."};

// Validation errors, one per rule of surveys::CheckResponse / ResponseFromForm.
inline constexpr std::string_view kErrRequired = "This question is required.";
inline constexpr std::string_view kErrChooseOne = "Choose one of the options.";
inline constexpr std::string_view kErrChooseListed = "Choose only from the options listed, each once.";
inline constexpr std::string_view kErrWholeNumberBetween = "Must be a whole number between {1} and {2}.";
inline constexpr std::string_view kErrNumber = "Must be a number.";
inline constexpr std::string_view kErrNumberBetween = "Must be a number between {1} and {2}.";
inline constexpr std::string_view kErrNumberMin = "Must be a number no less than {1}.";
inline constexpr std::string_view kErrNumberMax = "Must be a number no greater than {1}.";
inline constexpr std::string_view kErrDate = "Must be a real date in the format YYYY-MM-DD.";
inline constexpr Plural kErrTooLong = {"Too long: use at most {1} character.",
                                       "Too long: use at most {1} characters."};
inline constexpr std::string_view kErrRankAll = "Rank all the options, each in its own position.";
inline constexpr std::string_view kErrEveryRow = "Answer every row.";
inline constexpr std::string_view kErrRowChoice = "Choose one of the options in this row.";
inline constexpr std::string_view kErrUnknown = "This answer does not belong to the survey.";
inline constexpr std::string_view kErrCheck = "Please check this answer.";

// Thank-you page.
inline constexpr std::string_view kThanksTitle = "Thank you!";
inline constexpr std::string_view kThanksText = "Your answers have been saved. You can close this page now.";

// Error pages, by HTTP status.
inline constexpr std::string_view kNotFoundTitle = "Survey not found";
inline constexpr std::string_view kNotFoundText =
    "There is no survey at this address. Please check the link.";
inline constexpr std::string_view kClosedTitle = "This survey is closed";
inline constexpr std::string_view kClosedText =
    "The survey no longer accepts answers. Thank you for your interest.";
inline constexpr std::string_view kTooManyTitle = "Too many requests";
inline constexpr std::string_view kTooManyText =
    "Too many requests came from your address. Please wait a minute and try again.";
inline constexpr std::string_view kTooLargeTitle = "Request too large";
inline constexpr std::string_view kTooLargeText =
    "Your answers are too large to send. Please shorten them and try again.";
inline constexpr std::string_view kBusyTitle = "Server busy";
inline constexpr std::string_view kBusyText =
    "The server is busy right now. Please try again in a few minutes.";
inline constexpr std::string_view kBadRequestTitle = "Bad request";
inline constexpr std::string_view kBadRequestText =
    "The request could not be understood. Please go back and try again.";
inline constexpr std::string_view kServerErrorTitle = "Something went wrong";
inline constexpr std::string_view kServerErrorText =
    "An unexpected error occurred on our side. Please try again later.";
inline constexpr std::string_view kGenericTitle = "This page cannot be shown";
inline constexpr std::string_view kGenericText =
    "The request cannot be handled. Please check the link and try again.";
inline constexpr std::string_view kErrorCode = "Error {1}";

inline constexpr std::array kAll = {
    kSurvey,           kErrorTitle,        kSubmit,
    kRequired,         kOptional,          kErrorPrefix,
    kCorrectErrors,    kLanguage,          kNotAtAllLikely,
    kExtremelyLikely,  kSelectPlaceholder, kRankPosition,
    kRankHint,         kChooseAll,         kErrRequired,
    kErrChooseOne,     kErrChooseListed,   kErrWholeNumberBetween,
    kErrNumber,        kErrNumberBetween,  kErrNumberMin,
    kErrNumberMax,     kErrDate,           kErrRankAll,
    kErrEveryRow,      kErrRowChoice,      kErrUnknown,
    kErrCheck,         kThanksTitle,       kThanksText,
    kNotFoundTitle,    kNotFoundText,      kClosedTitle,
    kClosedText,       kTooManyTitle,      kTooManyText,
    kTooLargeTitle,    kTooLargeText,      kBusyTitle,
    kBusyText,         kBadRequestTitle,   kBadRequestText,
    kServerErrorTitle, kServerErrorText,   kGenericTitle,
    kGenericText,      kErrorCode,
};
inline constexpr std::array kAllPlural = {kProblemCount, kMaxChars, kErrTooLong};

}  // namespace touchpoint::web::msg
