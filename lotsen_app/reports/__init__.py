"""Pure functions that turn data into files: calendars, tables, letters. No Qt, no database."""
