{{/*
Named templates shared by every object of the chart. Those taking a context are called with
(dict "root" $ "name" "<app or job name>").
*/}}

{{/* chart label value: <name>-<version> */}}
{{- define "my-service.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The image tag: image.tag, else the chart's appVersion. */}}
{{- define "my-service.imageTag" -}}
{{- .Values.image.tag | default .Chart.AppVersion | toString -}}
{{- end -}}

{{/* repository:tag, or repository@digest when a digest is given. */}}
{{- define "my-service.image" -}}
{{- $repository := required "image.repository is required" .Values.image.repository -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" $repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repository (include "my-service.imageTag" .) -}}
{{- end -}}
{{- end -}}

{{/* Labels selecting one component's pods. */}}
{{- define "my-service.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* The labels of every object: selector labels plus chart, version and family. */}}
{{- define "my-service.labels" -}}
{{ include "my-service.selectorLabels" . }}
app.kubernetes.io/part-of: {{ .root.Chart.Name }}
app.kubernetes.io/version: {{ include "my-service.imageTag" .root | trunc 63 | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ include "my-service.chart" .root }}
{{- end -}}

{{/*
An app's values: appDefaults with apps.<name> merged over them (maps merge, per-app values
win; a per-app false/0/"" does not replace a default, see values.yaml). Returns YAML.
*/}}
{{- define "my-service.appValues" -}}
{{- $app := index .root.Values.apps .name | default dict -}}
{{- toYaml (mergeOverwrite (deepCopy .root.Values.appDefaults) (deepCopy $app)) -}}
{{- end -}}

{{/* The Secret the apps and Jobs read: the chart's own with secrets.create, else the team's. */}}
{{- define "my-service.secretName" -}}
{{- if .Values.secrets.create -}}
{{- printf "%s-secrets" .Chart.Name -}}
{{- else -}}
{{- required "secrets.existingSecret must name the Secret holding the apps' secrets (or set secrets.create)" .Values.secrets.existingSecret -}}
{{- end -}}
{{- end -}}

{{/*
The secret keys one app (or the Jobs, as jobs.app) gets: secrets.connectionKeys, which every
app and Job gets, then apps.<name>.secretKeys; each key once. Returns a JSON list.
*/}}
{{- define "my-service.appSecretKeys" -}}
{{- $app := include "my-service.appValues" . | fromYaml -}}
{{- concat (.root.Values.secrets.connectionKeys | default list) ($app.secretKeys | default list) | uniq | toJson -}}
{{- end -}}

{{/*
Every key the Secret must hold: secrets.connectionKeys and the enabled apps' secretKeys.
Returns a JSON list.
*/}}
{{- define "my-service.secretKeys" -}}
{{- $keys := .Values.secrets.connectionKeys | default list -}}
{{- range $name, $app := .Values.apps -}}
{{- if $app.enabled -}}
{{- $keys = concat $keys ($app.secretKeys | default list) -}}
{{- end -}}
{{- end -}}
{{- $keys | uniq | sortAlpha | toJson -}}
{{- end -}}

{{- define "my-service.serviceAccountName" -}}
{{- .Values.serviceAccount.name | default .Chart.Name -}}
{{- end -}}

{{/*
The non-secret environment of one app, as a YAML map of strings (the data of its ConfigMap,
or the inline env of the Jobs): env, appEnv.<name>, apps.<name>.env, then what the chart
derives: PORT, GRPC_PORT, DD_SERVICE, DD_VERSION and the Datadog agent's address. Empty
values are left out. Fails when a key of the Secret (my-service.secretKeys: the connection
keys and every enabled app's secretKeys) would land here.
*/}}
{{- define "my-service.configEnv" -}}
{{- $root := .root -}}
{{- $app := include "my-service.appValues" . | fromYaml -}}
{{- $vars := dict -}}
{{- range $k, $v := $root.Values.env }}{{ $_ := set $vars $k $v }}{{ end -}}
{{- range $k, $v := (index ($root.Values.appEnv | default dict) .name | default dict) }}{{ $_ := set $vars $k $v }}{{ end -}}
{{- range $k, $v := ($app.env | default dict) }}{{ $_ := set $vars $k $v }}{{ end -}}
{{- $_ := set $vars "PORT" (required (printf "apps.%s.port is required" .name) $app.port) -}}
{{- if $app.grpcPort }}{{ $_ := set $vars "GRPC_PORT" $app.grpcPort }}{{ end -}}
{{- $_ := set $vars "DD_SERVICE" .name -}}
{{- $_ := set $vars "DD_VERSION" (include "my-service.imageTag" $root) -}}
{{- $dd := $root.Values.datadog -}}
{{- if not $dd.agentHostFromNode }}{{ $_ := set $vars "DD_AGENT_HOST" $dd.agentHost }}{{ end -}}
{{- $_ := set $vars "DD_TRACE_AGENT_PORT" $dd.traceAgentPort -}}
{{- $_ := set $vars "DD_DOGSTATSD_PORT" $dd.dogstatsdPort -}}
{{- $_ := set $vars "DD_TRACE_ENABLED" $dd.traceEnabled -}}
{{- $secretKeys := include "my-service.secretKeys" $root | fromJsonArray -}}
{{- range $k, $v := $vars }}
{{- if has $k $secretKeys }}
{{- fail (printf "%s is a secret: set it in the Secret (secrets.*), not in env/appEnv" $k) }}
{{- end }}
{{- if ne (toString $v) "" }}
{{ $k }}: {{ toString $v | quote }}
{{- end }}
{{- end -}}
{{- end -}}

{{/*
The `envFrom`/`env` of one app's container. Deployments read the non-secret variables from
the app's ConfigMap (envFrom). Jobs (`"inline" true`) get them inline as values instead:
they run as pre-install hooks, before the release's ConfigMaps exist (see jobs.yaml).
Secrets come one key at a time (secretKeyRef): secrets.connectionKeys and
apps.<name>.secretKeys (my-service.appSecretKeys), nothing else of the Secret.
*/}}
{{- define "my-service.env" -}}
{{- $root := .root -}}
{{- $secretName := include "my-service.secretName" $root -}}
{{- if not .inline }}
envFrom:
  - configMapRef:
      name: {{ .name }}-env
{{- end }}
env:
{{- if .inline }}
{{- range $k, $v := (include "my-service.configEnv" . | fromYaml) }}
  - name: {{ $k }}
    value: {{ $v | quote }}
{{- end }}
{{- end }}
{{- range $key := include "my-service.appSecretKeys" . | fromJsonArray }}
  - name: {{ $key }}
    valueFrom:
      secretKeyRef:
        name: {{ $secretName }}
        key: {{ $key }}
{{- end }}
{{- if $root.Values.datadog.agentHostFromNode }}
  - name: DD_AGENT_HOST
    valueFrom:
      fieldRef:
        fieldPath: status.hostIP
{{- end }}
{{- end -}}

{{/* Pod securityContext: non-root with the image's numeric uid/gid, RuntimeDefault seccomp. */}}
{{- define "my-service.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
fsGroup: {{ .Values.securityContext.runAsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Container securityContext: read-only root filesystem, no privilege escalation, no capabilities. */}}
{{- define "my-service.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
privileged: false
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* The /tmp emptyDir: the volume (under `volumes:`) and its mount (under `volumeMounts:`). */}}
{{- define "my-service.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpVolume.sizeLimit }}
{{- end -}}

{{- define "my-service.tmpVolumeMount" -}}
- name: tmp
  mountPath: /tmp
{{- end -}}
