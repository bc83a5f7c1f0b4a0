# Filled by the interface work: English date, time and number formats.
