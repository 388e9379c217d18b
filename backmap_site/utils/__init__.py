"""Helpers every layer may use, about running work rather than plans: worker processes and progress bars."""
