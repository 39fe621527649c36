"""Arabic formats where Django's own Arabic locale does not suit the archive: dates and times
it leaves to the English default ("N j, Y, P", which the admin showed as «ديسمبر 7, 2026,
9:15 ص»), and numbers, which it writes with a decimal comma (the admin listed a place at
«31,2089 16,5887»): the archive writes Western digits with a decimal point, as its articles do."""

DATETIME_FORMAT = "j F، Y، g:i A"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
