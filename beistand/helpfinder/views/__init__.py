"""The help finder's pages: public (`public`), routing rules (`rules`) and the coverage report."""
