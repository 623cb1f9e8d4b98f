"""Write the API reference of ``import zjanalysis as zja`` to docs/api/ (``make docs``).

pdoc renders the facade's page (every public name, resolved from its lazy import first) and
``zja.plot``'s, from the docstrings (Google style); the other modules are the suite's insides.
"""

import sys
from pathlib import Path

import pdoc

import zjanalysis as zja

for name in zja.__all__:  # the facade imports lazily: resolve each name for pdoc to see it
    getattr(zja, name)
out = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent / "api")
pdoc.render.configure(
    docformat="google", show_source=False, footer_text=f"zjanalysis {zja.__version__}"
)
pdoc.pdoc("zjanalysis", r"!zjanalysis\.(?!plot$)", output_directory=out)
print(f"API reference: {out / 'zjanalysis.html'}")
