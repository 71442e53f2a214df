// fixtures.h: small surveys and responses written for the collector tests (not from licensed data).
// Thread-safety: constants.
#pragma once

namespace touchpoint::testutil {

// Every answer shape the export has to flatten: a choice, an NPS, a multiple choice, a matrix and a text
// question that is only visible for detractors; two languages; markup in the English title.
inline constexpr const char* kTestSurveyJson = R"({
  "id": "t1", "default_language": "en", "languages": ["en", "uk"],
  "title": {"en": "Test <script>alert(1)</script> survey", "uk": "Тестове опитування"},
  "questions": [
    {"id": "heard", "type": "single_choice", "stage": "awareness", "required": true,
     "text": {"en": "Where did you hear about us?", "uk": "Де ви про нас почули?"},
     "options": [{"id": "ad", "text": {"en": "Advertising", "uk": "Реклама"}},
                 {"id": "friend", "text": {"en": "A friend", "uk": "Від друга"}}]},
    {"id": "nps", "type": "nps", "stage": "advocacy", "text": {"en": "Would you recommend us?", "uk": "Чи порадите нас?"}},
    {"id": "channels", "type": "multiple_choice", "text": {"en": "Which channels?", "uk": "Які канали?"},
     "options": [{"id": "web", "text": {"en": "Website", "uk": "Сайт"}}, {"id": "app", "text": {"en": "App", "uk": "Застосунок"}}]},
    {"id": "sat", "type": "matrix", "text": {"en": "Rate us", "uk": "Оцініть нас"},
     "rows": [{"id": "speed", "text": {"en": "Speed", "uk": "Швидкість"}}, {"id": "price", "text": {"en": "Price", "uk": "Ціна"}}],
     "columns": [{"id": "good", "text": {"en": "Good", "uk": "Добре"}}, {"id": "bad", "text": {"en": "Bad", "uk": "Погано"}}]},
    {"id": "delivery", "type": "text", "stage": "purchase", "visible_if": "nps <= 6",
     "text": {"en": "Tell us about the delivery", "uk": "Розкажіть про доставку"}}
  ]})";

// A valid response to kTestSurveyJson from a detractor (so `delivery` is visible). One line (JSONL).
inline constexpr const char* kDetractorResponseJson =
    R"({"language": "uk", "channel": "web", "respondent": "r-1", "answers": {"heard": "ad", "nps": 3, )"
    R"("channels": ["web", "app"], "sat": {"speed": "bad", "price": "good"}, )"
    R"("delivery": "Кур'єр запізнився на три дні, \"жах\", дуже погано"}})";

// A promoter who still answers `delivery`: that answer is not visible and is ignored.
inline constexpr const char* kPromoterResponseJson =
    R"({"lang": "en", "answers": {"heard": "friend", "nps": 10, "delivery": "fine"}})";

}  // namespace touchpoint::testutil
