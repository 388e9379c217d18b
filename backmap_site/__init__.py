"""Backmap Site: professional learning plans, built on the Backmapping Model, published with MkDocs."""
