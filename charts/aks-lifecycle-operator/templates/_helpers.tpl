{{/* Names, labels and small computed values shared by the templates. */}}

{{- define "aks-lifecycle-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release name plus chart name, unless the release name already contains it; 63 characters at most. */}}
{{- define "aks-lifecycle-operator.fullname" -}}
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

{{- define "aks-lifecycle-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "aks-lifecycle-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "aks-lifecycle-operator.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "aks-lifecycle-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: aks-lifecycle-operator
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "aks-lifecycle-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "aks-lifecycle-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "aks-lifecycle-operator.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
The namespaces whose Secrets the operator may get: rbac.secretNamespaces, else the watched namespaces and
the tenant identity namespaces. Empty means none (or every namespace with rbac.clusterWideSecrets).
*/}}
{{- define "aks-lifecycle-operator.secretNamespaces" -}}
{{- if .Values.rbac.secretNamespaces }}
{{- toJson .Values.rbac.secretNamespaces }}
{{- else }}
{{- toJson (concat .Values.operator.watchNamespaces .Values.tenantIdentity.namespaces | uniq) }}
{{- end }}
{{- end }}

{{/* Rules on the operator's own kinds: read and watch them, keep finalizers, write status. */}}
{{- define "aks-lifecycle-operator.kindRules" -}}
- apiGroups: ["aks.lifecycle.dev"]
  resources: ["managedclusters", "nodepools", "nodepoolsnapshots", "upgradeplans"]
  verbs: ["get", "list", "watch", "update", "patch"]
- apiGroups: ["aks.lifecycle.dev"]
  resources: ["managedclusters/status", "nodepools/status", "nodepoolsnapshots/status", "upgradeplans/status"]
  verbs: ["get", "update", "patch"]
- apiGroups: ["aks.lifecycle.dev"]
  resources: ["managedclusters/finalizers", "nodepools/finalizers", "nodepoolsnapshots/finalizers", "upgradeplans/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
- apiGroups: ["events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}

{{- /*
Reading the Namespace tells a NodePool's finalizer whether its ManagedCluster is being deleted with it.
*/ -}}
{{- define "aks-lifecycle-operator.namespaceRules" -}}
- apiGroups: [""]
  resources: ["namespaces"]
  verbs: ["get"]
{{- end }}

{{- define "aks-lifecycle-operator.secretRules" -}}
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get"]
{{- end }}
