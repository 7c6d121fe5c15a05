"""People, tags, taggings, lists and the person signup helper."""
