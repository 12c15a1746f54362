#!/usr/bin/env bash
# Lays down the Nx project boilerplate (project.json, jest, tsconfig, eslint) for one project.
# usage: new-project.sh <root> <name> <app|lib> <tags comma separated>
set -euo pipefail
root=$1 name=$2 kind=$3 tags=$4
depth=$(echo "$root" | awk -F/ '{print NF}')
up=$(printf '../%.0s' $(seq 1 "$depth"))
mkdir -p "$root/src"
tagjson=$(echo "$tags" | sed 's/[^,][^,]*/"&"/g; s/,/, /g')
if [ "$kind" = app ]; then
  cat > "$root/project.json" <<JSON
{
  "name": "$name",
  "\$schema": "${up}node_modules/nx/schemas/project-schema.json",
  "sourceRoot": "$root/src",
  "projectType": "application",
  "tags": [$tagjson],
  "targets": {
    "serve": {
      "executor": "nx:run-commands",
      "continuous": true,
      "options": { "command": "node -r ./tools/testing/register.js $root/src/main.ts" }
    }
  }
}
JSON
else
  cat > "$root/project.json" <<JSON
{
  "name": "$name",
  "\$schema": "${up}node_modules/nx/schemas/project-schema.json",
  "sourceRoot": "$root/src",
  "projectType": "library",
  "tags": [$tagjson]
}
JSON
fi
cat > "$root/jest.config.js" <<JS
module.exports = {
  displayName: '$name',
  preset: '${up}jest.preset.js',
};
JS
cat > "$root/tsconfig.json" <<JSON
{
  "extends": "${up}tsconfig.base.json",
  "include": ["src/**/*.ts"]
}
JSON
cat > "$root/eslint.config.mjs" <<JS
import baseConfig from '${up}eslint.config.mjs';

export default [...baseConfig];
JS
