from wenming.uploads import SpreadsheetUploadForm

__all__ = ["SpreadsheetUploadForm"]
