"""Build of the compiled recovery-search core; everything else is configured in pyproject.toml."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "transforms._search",  # the search of transforms/readings/, compiled (docs/recovery.md)
            sources=["transforms/_search.cpp"],
            language="c++",
            extra_compile_args=["-O2", "-std=c++17"],
            optional=True,  # without g++ the install still works; recovery then runs on the Python engine
        )
    ]
)
