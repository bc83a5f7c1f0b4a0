"""Background jobs that build a file for a user (entry books), with their progress."""
