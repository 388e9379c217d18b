"""The `backmap` command line and its commands: build, serve, init, pdf, and the link check of a built site."""
