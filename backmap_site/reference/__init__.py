"""The reference content (steps, standards, frameworks, designs, concepts) in layers, the package's under a
site's own, and a site's own words and choices."""
