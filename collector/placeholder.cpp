// Placeholder so the collector library has a translation unit; remove once real sources exist.
