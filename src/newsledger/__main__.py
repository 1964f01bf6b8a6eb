from newsledger.cli import main

if __name__ == "__main__":  # a guard, since worker processes (--workers, Dask) may import the main module
    main()
