"""Placeholder replaced below."""
def validate(register, today=None):
    return list(register.cell_findings)
