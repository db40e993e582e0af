class IntakeError(Exception):
    """Input the intake cannot read; the message says why, in one line for a person."""
