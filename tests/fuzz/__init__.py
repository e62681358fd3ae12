"""Property-based tests (hypothesis): a package, so its modules may share names with others."""
