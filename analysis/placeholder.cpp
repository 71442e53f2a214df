// Placeholder so the analysis library has a translation unit; remove once real sources exist.
