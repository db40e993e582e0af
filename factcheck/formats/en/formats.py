"""One way to write dates and times on the desk, the public pages and the admin.

Times always carry their zone's name (T: "EET", "UTC"), because the desk
and its readers are not always in the newsroom's zone. Formats this module
leaves out (the input formats, above all) stay Django's own for English.
"""

DATE_FORMAT = "j M Y"  # 30 Nov 2026
TIME_FORMAT = "H:i T"  # 14:05 EET
DATETIME_FORMAT = "j M Y, H:i T"  # 30 Nov 2026, 14:05 EET
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
