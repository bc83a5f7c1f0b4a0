"""Entrants' data rights: closed accounts and the retention of personal data."""
