"""One module per area; every module here is imported by `bench.run` and its `@figure`s run."""
