"""Bulk imports into the directory.

- ``members``: the hub's own lists of people and companies, as JSON Lines in
  the interchange format (shared/spec/interchange.md).
- ``brreg``: IT businesses of the region from Enhetsregisteret's bulk download.

Each module has the write functions (keyword-only, one transaction each,
returning the ids they wrote) and a driver that streams a file through them in
chunks. The management commands ``import_members`` and ``import_brreg`` are
thin wrappers around the drivers; docs/imports.md is the operator's guide.
"""
