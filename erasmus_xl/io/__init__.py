"""Files in and out: opening workbooks safely, one cell to a typed value, the reader, atomic outputs."""
