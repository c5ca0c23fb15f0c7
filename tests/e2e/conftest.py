"""End-to-end fixtures: fresh databases whose URLs are handed to real service processes."""
