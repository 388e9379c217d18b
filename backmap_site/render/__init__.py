"""Engine-agnostic rendering: the model in, pages out (Markdown with finished HTML fragments, files, the
navigation), through the page registry and the templates (`templates/`)."""
