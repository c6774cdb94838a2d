"""The Word report: template data, number formatting, rendering and saving."""
