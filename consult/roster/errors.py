"""Why a roster file cannot be read at all (as opposed to a row that is refused)."""


class RosterFileError(Exception):
    """The file is refused as a whole; the message says why, in the reader's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
