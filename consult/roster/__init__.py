"""The roster import (花名册): the enterprise's people brought in from HR's spreadsheet.

Other code may use `consult.roster.plan.roster_username` (the login name the import gives a
person) and `consult.phones.normalise_phone`.
"""
