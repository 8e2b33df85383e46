"""The Qt user interface. The only package (with the printing edge) that imports PySide6."""
