module didcomm-conformance.dev/adapters/{{name}}

go 1.22

require didcomm-conformance.dev/adapterkit v0.0.0

replace didcomm-conformance.dev/adapterkit => {{kit}}
