module didcomm-conformance.dev/adapterkit

go 1.22
