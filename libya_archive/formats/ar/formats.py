"""Arabic formats Django's own Arabic locale leaves to the English default ("N j, Y, P",
which the admin showed as «ديسمبر 7, 2026, 9:15 ص»)."""

DATETIME_FORMAT = "j F، Y، g:i A"
