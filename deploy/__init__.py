"""Running the system: migrations, the local launcher, container files."""
