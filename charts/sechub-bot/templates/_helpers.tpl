{{/* Chart name, at most 63 characters (DNS label). */}}
{{- define "sechub-bot.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: release-chart, or the release name when it already contains the chart name. */}}
{{- define "sechub-bot.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "sechub-bot.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "sechub-bot.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sechub-bot.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "sechub-bot.labels" -}}
helm.sh/chart: {{ include "sechub-bot.chart" . }}
{{ include "sechub-bot.selectorLabels" . }}
app.kubernetes.io/component: bot
app.kubernetes.io/part-of: sechubbot
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "sechub-bot.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "sechub-bot.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret the tokens are read from: the user's, or the one this chart creates. */}}
{{- define "sechub-bot.secretName" -}}
{{- if .Values.existingSecret.name }}
{{- .Values.existingSecret.name }}
{{- else }}
{{- include "sechub-bot.fullname" . }}
{{- end }}
{{- end }}

{{- define "sechub-bot.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
{{- end }}

{{/* A Service exists in http mode (Slack calls in) and for the ServiceMonitor (Prometheus scrapes). */}}
{{- define "sechub-bot.serviceEnabled" -}}
{{- if or (eq .Values.mode "http") .Values.serviceMonitor.enabled }}true{{- end }}
{{- end }}

{{/*
Checks that need more than the schema. Messages name the value's key, never its content:
tokens must not end up in CI logs.
*/}}
{{- define "sechub-bot.validate" -}}
{{- $s := .Values.slack }}
{{- if not .Values.existingSecret.name }}
{{- if not $s.botToken }}
{{- fail "slack.botToken is required (an xoxb- bot token), or set existingSecret.name" }}
{{- end }}
{{- if not (hasPrefix "xoxb-" $s.botToken) }}
{{- fail "slack.botToken must be a bot token (it starts with xoxb-)" }}
{{- end }}
{{- if eq .Values.mode "socket" }}
{{- if not $s.appToken }}
{{- fail "mode socket needs slack.appToken (an xapp- app-level token with connections:write), or set existingSecret.name" }}
{{- end }}
{{- if not (hasPrefix "xapp-" $s.appToken) }}
{{- fail "slack.appToken must be an app-level token (it starts with xapp-)" }}
{{- end }}
{{- end }}
{{- if and (eq .Values.mode "http") (not $s.signingSecret) }}
{{- fail "mode http needs slack.signingSecret (Basic Information > App Credentials), or set existingSecret.name" }}
{{- end }}
{{- else }}
{{- if or $s.botToken $s.appToken $s.signingSecret }}
{{- fail "existingSecret.name is set: leave slack.botToken, slack.appToken and slack.signingSecret empty (the chart would ignore them)" }}
{{- end }}
{{- end }}
{{- if and .Values.ingress.enabled (eq .Values.mode "http") .Values.ingress.tls (not .Values.ingress.host) }}
{{- fail "ingress.tls needs ingress.host" }}
{{- end }}
{{- end }}
