# Filled by the interface work: Korean date, time and number formats.
