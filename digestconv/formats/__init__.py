"""Format modules: each owns reading and/or writing one file format."""
