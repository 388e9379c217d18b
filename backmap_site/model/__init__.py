"""The site as data: plans validated across files and linked to the reference both ways, each plan's backward
chain, totals, the catalog and insights, a state's harvested plans, and the URL of everything."""
