// Placeholder so the surveys library has a translation unit; remove once real sources exist.
