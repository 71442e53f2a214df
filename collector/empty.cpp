// Empty translation unit for a collector part that has no sources yet.
