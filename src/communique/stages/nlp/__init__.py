"""spaCy loading, sentence splitting, candidate selection and parsing."""
