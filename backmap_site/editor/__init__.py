"""The plan editor: the data its page carries (the format described, the content to choose from) and its
browser code (`assets/`)."""
