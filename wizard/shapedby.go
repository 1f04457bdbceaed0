package wizard

// The answers that shape each statement (policy.Statement.Fields). They are
// shared, read-only slices: building a bundle runs on every keystroke of the
// wizard, and a literal in each statement would allocate every time.
var (
	shapedByAccountIDRegionAnyRegion = []string{FieldAccountID, FieldRegion, FieldAnyRegion}
	shapedByBucketWorkflows          = []string{FieldBucket, FieldWorkflows}
	shapedByConsumersStreamRegion    = []string{FieldConsumers, FieldStream, FieldRegion}
	shapedByKMSKeyARN                = []string{FieldKMSKeyARN}
	shapedByKMSKeyARNKeyUseWorkflows = []string{FieldKMSKeyARN, FieldKeyUse, FieldWorkflows}
	shapedByKeyAndRole               = []string{FieldKMSKeyARN, FieldKeyUse, FieldWorkflows, FieldRoleName, FieldRolePath, FieldRoleARN}
	shapedByPolicies                 = []string{FieldPolicies}
	shapedByProducersStreamRegion    = []string{FieldProducers, FieldStream, FieldRegion}
	shapedByRoleAccess               = []string{FieldRoleAccess}
	shapedByRole                     = []string{FieldRoleName, FieldRolePath, FieldRoleARN, FieldAccountID}
	shapedByStream                   = []string{FieldStream}
	shapedByStreamRegionAccountID    = []string{FieldStream, FieldRegion, FieldAccountID}
	shapedByUserAccess               = []string{FieldUserAccess}
	shapedByWorkflows                = []string{FieldWorkflows}
	shapedByKMSKeyARNStream          = []string{FieldKMSKeyARN, FieldStream, FieldRegion}
	shapedByStreamProducerKind       = []string{FieldStream, FieldRegion, FieldAccountID, FieldProducerKind}
	shapedByProducerKind             = []string{FieldProducerKind}
	shapedByStreamConsumerKinds      = []string{FieldStream, FieldRegion, FieldAccountID, FieldConsumerKinds}
	shapedByKCLApplication           = []string{FieldKCLApplication, FieldConsumerKinds}
	shapedByBatchOutputKey           = []string{FieldBatchOutputKMSKeyARN, FieldRoleName, FieldRolePath, FieldRoleARN}
	shapedByOutput                   = []string{FieldOutputBucket, FieldBatchOutputPrefix, FieldExportPrefix, FieldMetricsPrefix, FieldWorkflows}
	shapedByAdmins                   = []string{FieldAdmins, FieldKMSKeyARN}
)
