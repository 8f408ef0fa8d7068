"""Reading inputs (text in any common Chinese encoding, HTML, DOCX, PDF, records) and writing outputs atomically."""
