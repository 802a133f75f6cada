"""The register as objects: records, the contract (schema), findings, errors, normalised text."""
