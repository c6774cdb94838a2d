"""The shared core: the model of indicators and periods, problems, formatting, file names and the one gate
every file is written through."""
