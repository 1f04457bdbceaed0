package wizard

// The AWS documentation pages each statement and step comes from. Some of
// these pages have older versions that said otherwise; where the current page
// differs, permwiz follows the current one and says so where the statement is
// built.
const (
	docPersonalizeSetup       = "https://docs.aws.amazon.com/personalize/latest/dg/aws-personalize-set-up-permissions.html"
	docPersonalizeUser        = "https://docs.aws.amazon.com/personalize/latest/dg/grant-user-permissions.html"
	docPersonalizeRole        = "https://docs.aws.amazon.com/personalize/latest/dg/set-up-required-permissions.html"
	docConfusedDeputy         = "https://docs.aws.amazon.com/personalize/latest/dg/cross-service-confused-deputy-prevention.html"
	docPersonalizeKMS         = "https://docs.aws.amazon.com/personalize/latest/dg/granting-personalize-key-access.html"
	docPersonalizeS3          = "https://docs.aws.amazon.com/personalize/latest/dg/granting-personalize-s3-access.html"
	docPersonalizeExport      = "https://docs.aws.amazon.com/personalize/latest/dg/export-permissions.html"
	docMetricAttribution      = "https://docs.aws.amazon.com/personalize/latest/dg/metric-attribution-requirements.html"
	docManagedPolicies        = "https://docs.aws.amazon.com/personalize/latest/dg/security_iam_id-based-policy-examples.html#using-managed-policies"
	docKMSDefaultPolicy       = "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html"
	docKinesisKMS             = "https://docs.aws.amazon.com/streams/latest/dev/permissions-user-key-KMS.html"
	docKinesisAccess          = "https://docs.aws.amazon.com/streams/latest/dev/controlling-access.html"
	docKinesisSSE             = "https://docs.aws.amazon.com/streams/latest/dev/creating-using-sse-master-keys.html"
	docKMSConditions          = "https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html"
	docKMSIAMPolicies         = "https://docs.aws.amazon.com/kms/latest/developerguide/cmks-in-iam-policies.html"
	docKinesisKPLPermissions  = "https://docs.aws.amazon.com/streams/latest/dev/service-managed-pk-kpl-permissions.html"
	docKinesisKPLMetrics      = "https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-kpl.html"
	docKinesisKCLPermissions  = "https://docs.aws.amazon.com/streams/latest/dev/kcl-iam-permissions.html"
	docKinesisKCLDynamoDB     = "https://docs.aws.amazon.com/streams/latest/dev/kcl-dynamoDB.html"
	docKinesisKCLMetrics      = "https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-kcl.html"
	docKinesisResourcePolicy  = "https://docs.aws.amazon.com/streams/latest/dev/resource-based-policy-examples.html"
	docKMSCrossAccount        = "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html"
	docPersonalizeNoVPC       = docPersonalizeS3
	personalizePrincipal      = "personalize.amazonaws.com"
	managedPersonalize        = "service-role/AmazonPersonalizeFullAccess"
	managedCloudWatchFull     = "CloudWatchFullAccessV2"
	docPersonalizeBatchOutput = "https://docs.aws.amazon.com/personalize/latest/dg/granting-personalize-s3-access.html"
	docPersonalizeDeletion    = "https://docs.aws.amazon.com/personalize/latest/dg/delete-records.html"
)
