#!/usr/bin/env bash
# The JSON Schemas of the data files against real YAML, with PyPI's check-jsonschema:
#   1. the committed schemas/ are what `stepwise schema` generates now;
#   2. the real content (site.yaml, regions.yaml, flows, every page's front matter) is valid;
#   3. a copy with one misspelled key in each kind of file is rejected, each time;
#   4. a site made by `stepwise init` is valid too, and its CI files pass SchemaStore's
#      GitHub Actions and GitLab CI schemas (vendored in check-jsonschema: nothing downloaded).
#
#   scripts/test-schemas.sh [path/to/stepwise]     (default: .build/debug/stepwise)
set -euo pipefail
cd "$(dirname "$0")/.."
stepwise=${1:-.build/debug/stepwise}
command -v check-jsonschema >/dev/null || {
  echo "test-schemas.sh: check-jsonschema is needed (scripts/install-dependencies.sh --test)" >&2
  exit 2
}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

echo "-- committed schemas/ equal freshly generated ones"
"$stepwise" schema "$scratch/fresh" >/dev/null
diff -r schemas "$scratch/fresh"
ls -l schemas/*.schema.json | awk '{ print "   ", $5, "bytes", $NF }'

# The front matter of each page as its own YAML file (the YAML language server and
# check-jsonschema read YAML files, not Markdown).
front_matter() { # page.md out.yaml
  awk 'NR == 1 && $0 != "---" { exit 1 } NR > 1 && $0 == "---" { exit } NR > 1 { print }' "$1" >"$2"
}

validate() { # site-folder
  local site=$1
  check-jsonschema --schemafile schemas/site.schema.json "$site/content/site.yaml"
  check-jsonschema --schemafile schemas/regions.schema.json "$site/content/regions.yaml"
  check-jsonschema --schemafile schemas/flow.schema.json "$site"/content/flows/*.yaml
  mkdir -p "$site/front-matter"
  for page in "$site"/content/pages/*.md; do
    front_matter "$page" "$site/front-matter/$(basename "$page" .md).yaml"
  done
  check-jsonschema --schemafile schemas/page.schema.json "$site"/front-matter/*.yaml
}

echo "-- the real content is valid"
cp -r content "$scratch/real-content"
mkdir "$scratch/real" && mv "$scratch/real-content" "$scratch/real/content"
validate "$scratch/real"

echo "-- a copy with one misspelled key is rejected, in each kind of file"
mutate() { # file sed-expression schema
  rm -rf "$scratch/bad" && mkdir "$scratch/bad" && cp -r content "$scratch/bad/content"
  local file="$scratch/bad/$1"
  sed -i "$2" "$file"
  cmp -s "content/${1#content/}" "$file" && { echo "the edit '$2' changed nothing in $1"; exit 1; }
  if [ "$3" = page ]; then
    front_matter "$file" "$scratch/bad/front-matter.yaml"
    file="$scratch/bad/front-matter.yaml"
  fi
  set +e
  check-jsonschema --schemafile "schemas/$3.schema.json" "$file" >"$scratch/out" 2>&1
  local status=$?
  set -e
  [ "$status" -eq 1 ] || { cat "$scratch/out"; echo "expected $1 ($2) to be rejected"; exit 1; }
  echo "   $1 ($2): rejected"
  sed 's/^/     /' "$scratch/out"
}
mutate content/site.yaml '0,/^base-url:/s//base-ulr:/' site
mutate content/regions.yaml '0,/^    slug:/s//    slag:/' regions
mutate content/flows/systems.yaml '0,/^        labels:/s//        lables:/' flow
mutate content/flows/gosuslugi.yaml '0,/^    requires:/s//    require:/' flow
mutate content/pages/sgo-link.md '0,/^review-by:/s//reviev-by:/' page
# Wrong types and formats, not only keys.
mutate content/regions.yaml '0,/^  - code: RU-MOS/s//  - code: MOS/' regions
mutate content/flows/systems.yaml '0,/^    scope: all-regions/s//    scope: everywhere/' flow

echo "-- a site made by stepwise init is valid, CI files included"
"$stepwise" init "$scratch/new" >/dev/null 2>&1
diff -r schemas "$scratch/new/schemas"
validate "$scratch/new"
check-jsonschema --builtin-schema vendor.github-workflows "$scratch/new/.github/workflows/stepwise.yml"
check-jsonschema --builtin-schema vendor.gitlab-ci "$scratch/new/.gitlab-ci.yml"
echo "schemas: valid content accepted, misspelled keys rejected"
