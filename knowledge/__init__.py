"""Knowledge a cadre edits (guides, areas, villages, groups, canteens): files, validation, loading."""
