package audit

import (
	"encoding/json"
	"strings"
)

// ParseDenial reads an AWS access-denied error in any of the forms Denial
// describes. Text that is none returns an error wrapping ErrNotDenial that
// says what was expected. It is pure and never panics (FuzzParseDenial).
func ParseDenial(text string) (Denial, error) {
	if len(text) > MaxDenialText {
		return Denial{}, &NotDenialError{Why: "longer than any AWS error message (over 64 KiB)"}
	}
	msg, code := unwrapJSON(text)
	msg = collapse(strings.ReplaceAll(msg, `\"`, `"`))
	if msg == "" {
		return Denial{}, &NotDenialError{Why: "empty: paste the error message AWS printed"}
	}
	d := Denial{Message: msg, Deny: DenyUnstated, Principal: DeniedPrincipal{Kind: PrincipalUnknown}}
	d.Code, d.Operation = prefixes(msg)
	if code != "" && d.Code == "" {
		d.Code = code
	}
	switch {
	case parseNotAuthorized(&d, msg):
	case parseCiphertext(&d, msg):
	case parsePersonalize(&d, msg):
	case parseBareAccessDenied(&d, msg):
	default:
		return Denial{}, &NotDenialError{Why: "no AWS access-denied message in it: expected \"... is not authorized to perform: ACTION ...\", " +
			"\"An error occurred (AccessDenied...) when calling the ... operation: ...\", or a Personalize job's failure reason"}
	}
	if d.Service == "" {
		d.Service = serviceOf(d.Action())
	}
	return d, nil
}

// unwrapJSON returns the message of an error given as JSON (an SDK error
// body, a CloudTrail event, a Describe*Job answer), with its code; other
// text is returned as it is.
func unwrapJSON(text string) (msg, code string) {
	t := strings.TrimSpace(text)
	if !strings.HasPrefix(t, "{") {
		return text, ""
	}
	var m map[string]any
	if json.Unmarshal([]byte(t), &m) != nil {
		return text, ""
	}
	return jsonMessage(m, 0)
}

func jsonMessage(m map[string]any, depth int) (msg, code string) {
	str := func(keys ...string) string {
		for _, k := range keys {
			if s, ok := m[k].(string); ok && s != "" {
				return s
			}
		}
		return ""
	}
	code = str("__type", "Code", "code", "errorCode", "ErrorCode")
	if i := strings.LastIndexByte(code, '#'); i >= 0 {
		code = code[i+1:] // "com.amazonaws.kinesis#KMSAccessDeniedException"
	}
	msg = str("message", "Message", "failureReason", "FailureReason", "errorMessage", "ErrorMessage")
	if msg != "" || depth > 3 {
		return msg, code
	}
	// {"Error": {...}}, {"datasetImportJob": {...}}, a CloudTrail record list.
	for _, v := range m {
		switch v := v.(type) {
		case map[string]any:
			if mm, c := jsonMessage(v, depth+1); mm != "" {
				return mm, firstOf(code, c)
			}
		case []any:
			for _, e := range v {
				if em, ok := e.(map[string]any); ok {
					if mm, c := jsonMessage(em, depth+1); mm != "" {
						return mm, firstOf(code, c)
					}
				}
			}
		}
	}
	return "", code
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// collapse joins the lines a terminal wrapped and collapses white space.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// prefixes reads the error code and operation from the wrappers around a
// message: the AWS CLI's "An error occurred (CODE) when calling the OP
// operation:", the Go SDK's "operation error SVC: OP, ... api error CODE:",
// Java's "(Service: ...; Error Code: CODE; ...)", S3's XML <Code>, and an
// SDK's "CODE: " before the message.
func prefixes(msg string) (code, op string) {
	if rest, ok := after(msg, "An error occurred ("); ok {
		if c, r, ok := strings.Cut(rest, ")"); ok {
			code = c
			if o, ok := after(r, "when calling the "); ok {
				op, _, _ = strings.Cut(o, " ")
			}
		}
	}
	if op == "" {
		if rest, ok := after(msg, "operation error "); ok {
			if _, o, ok := strings.Cut(rest, ": "); ok {
				op, _, _ = strings.Cut(o, ",")
			}
		}
	}
	for _, marker := range []string{"api error ", "Error Code: ", "<Code>"} {
		if code != "" {
			break
		}
		if rest, ok := after(msg, marker); ok {
			code = strings.TrimRight(firstToken(rest), ":;<")
			code, _, _ = strings.Cut(code, "<")
		}
	}
	if code == "" {
		for _, f := range strings.Fields(msg) {
			c := strings.TrimSuffix(f, ":")
			if c != f && isDeniedCode(c) {
				code = c
				break
			}
		}
	}
	return code, op
}

// isDeniedCode reports whether c is an access-denied error code:
// AccessDenied, AccessDeniedException, KMSAccessDeniedException,
// UnauthorizedOperation and their kin.
func isDeniedCode(c string) bool {
	l := strings.ToLower(c)
	return strings.Contains(l, "accessdenied") || l == "unauthorizedoperation" || l == "authorizationerror" || l == "forbidden"
}

func after(s, marker string) (string, bool) {
	i := strings.Index(s, marker)
	if i < 0 {
		return "", false
	}
	return s[i+len(marker):], true
}

func firstToken(s string) string {
	s = strings.TrimLeft(s, " ")
	if i := strings.IndexByte(s, ' '); i >= 0 {
		return s[:i]
	}
	return s
}

// cleanToken strips the quotes and sentence punctuation around an ARN or
// action.
func cleanToken(s string) string {
	s = strings.Trim(s, "\"'`“”")
	s = strings.TrimRight(s, ".,;:)")
	return strings.Trim(s, "\"'`“”")
}

// parseNotAuthorized reads the sentence IAM, S3, KMS and Kinesis share:
// "User: ARN is not authorized to perform: ACTION [on resource: ARN] [because
// ... | with an explicit deny in ...]".
func parseNotAuthorized(d *Denial, msg string) bool {
	i := strings.Index(msg, "not authorized to ")
	if i < 0 {
		return false
	}
	d.Principal = ParsePrincipal(principalBefore(msg[:i]))
	rest := msg[i+len("not authorized to "):]
	switch {
	case strings.HasPrefix(rest, "perform"):
		rest = strings.TrimLeft(strings.TrimPrefix(rest, "perform"), ": ")
		action := cleanToken(firstToken(rest))
		if !isAction(action) {
			return false
		}
		d.Actions = []string{action}
		rest = strings.TrimLeft(rest[len(firstToken(rest)):], " ")
	case strings.HasPrefix(rest, "decrypt records in stream "), strings.HasPrefix(rest, "encrypt records in stream "):
		d.Service, d.Cause = "kinesis", CauseStreamRecords
		d.Actions = []string{"kms:Decrypt"}
		if strings.HasPrefix(rest, "encrypt") {
			d.Actions = []string{"kms:GenerateDataKey"}
		}
		_, s, _ := strings.Cut(rest, " stream ")
		d.Stream = cleanToken(firstToken(s))
		return true
	case strings.HasPrefix(rest, "access the key"):
		// A service principal's KMS refusal: "events.amazonaws.com is not
		// authorized to access the key because the resource does not exist
		// in this Region, ...".
		d.Service, d.Cause, d.Policy = "kms", CauseKeyUnreachable, PolicyResource
		return true
	default:
		return false
	}
	rest = readResource(d, rest)
	readContext(d, rest)
	return true
}

// principalBefore is the caller named before "is not authorized": after
// "User:" (or "User") if present, else the last word.
func principalBefore(s string) string {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), " is"))
	s = strings.TrimSuffix(s, " is")
	if j := strings.LastIndex(s, "User:"); j >= 0 {
		return cleanToken(firstToken(s[j+len("User:"):]))
	}
	if j := strings.LastIndex(s, "User "); j >= 0 {
		return cleanToken(firstToken(s[j+len("User "):]))
	}
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	p := cleanToken(f[len(f)-1])
	if strings.HasPrefix(p, "arn:") || isServicePrincipal(p) || strings.EqualFold(p, "anonymous") {
		return p
	}
	return ""
}

// isAction reports whether s reads as service:Action.
func isAction(s string) bool {
	svc, name, ok := strings.Cut(s, ":")
	if !ok || svc == "" || name == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == ':' || r == '-' || r == '*' || r == '_') {
			return false
		}
	}
	return true
}

// readResource reads "on resource: ARN", `on "ARN"` (S3), "on this
// resource" and "on the resource associated with this ciphertext" (KMS),
// and returns what follows.
func readResource(d *Denial, rest string) string {
	for _, none := range []string{"on this resource", "on the resource associated with this ciphertext"} {
		if strings.HasPrefix(rest, none) {
			d.Service = "kms"
			return strings.TrimLeft(rest[len(none):], " ")
		}
	}
	for _, on := range []string{"on resource:", "on resource", "on"} {
		if !strings.HasPrefix(rest, on+" ") && !strings.HasPrefix(rest, on+"\"") {
			continue
		}
		r := strings.TrimLeft(rest[len(on):], " ")
		tok := firstToken(r)
		if res := cleanToken(tok); strings.HasPrefix(res, "arn:") || strings.Contains(res, ":") {
			d.Resource = res
			if strings.HasPrefix(tok, "\"") {
				d.Service = "s3" // S3 quotes the resource
			}
			return strings.TrimLeft(r[len(tok):], " ")
		}
		break
	}
	return rest
}

// readContext reads why: "because no TYPE allows ...", "with an explicit
// deny in a TYPE[: POLICY-ARN]", and the services' own reasons.
func readContext(d *Denial, rest string) {
	l := strings.ToLower(rest)
	switch {
	case strings.Contains(l, "because the resource does not exist in this region"):
		d.Service, d.Cause, d.Policy = "kms", CauseKeyUnreachable, PolicyResource
	case strings.Contains(l, "prevented by the blockpublic"):
		d.Service, d.Cause, d.Deny = "s3", CauseS3BlockPublicAccess, DenyExplicit
	case strings.Contains(l, "blocked upload requests that specify server side encryption with customer provided keys"):
		d.Service, d.Cause, d.Deny = "s3", CauseS3SSEC, DenyExplicit
	case strings.Contains(l, "transitively through a service control polic"):
		d.Deny, d.Policy = DenyExplicit, PolicySCP
	case strings.Contains(l, "with an explicit deny in "):
		d.Deny = DenyExplicit
		_, p, _ := strings.Cut(l, "with an explicit deny in ")
		d.Policy = policyType(p)
		if j := strings.Index(rest, " arn:"); j >= 0 {
			d.PolicyARN = cleanToken(firstToken(rest[j+1:]))
		}
	case strings.Contains(l, "because no "):
		d.Deny = DenyImplicit
		_, p, _ := strings.Cut(l, "because no ")
		d.Policy = policyType(p)
	case strings.Contains(l, "because the role trust policy"):
		// The IAM page's example for an implicit deny in a trust policy.
		d.Deny, d.Policy = DenyImplicit, PolicyTrust
	}
}

// policyType reads the policy type at the start of p (lower case), after
// an optional article.
func policyType(p string) PolicyType {
	for _, art := range []string{"a ", "an ", "the "} {
		p = strings.TrimPrefix(p, art)
	}
	for _, t := range []struct {
		prefix string
		typ    PolicyType
	}{
		{"identity-based polic", PolicyIdentity}, {"resource-based polic", PolicyResource},
		{"service control polic", PolicySCP}, {"resource control polic", PolicyRCP},
		{"permissions boundar", PolicyBoundary}, {"permission boundar", PolicyBoundary},
		{"session polic", PolicySession}, {"sessions polic", PolicySession},
		{"vpc endpoint polic", PolicyVPCEndpoint}, {"role trust polic", PolicyTrust}, {"trust polic", PolicyTrust},
	} {
		if strings.HasPrefix(p, t.prefix) {
			return t.typ
		}
	}
	return ""
}

// parseCiphertext reads KMS's and Kinesis's messages about a ciphertext's
// key, which name neither the caller nor the key.
func parseCiphertext(d *Denial, msg string) bool {
	l := strings.ToLower(msg)
	kinesis := strings.Contains(l, "the ciphertext references a key that doesn't exist or that you don't have access to")
	if !kinesis && !strings.Contains(l, "the ciphertext refers to a customer master key that does not exist") {
		return false
	}
	d.Service, d.Cause = "kms", CauseCiphertextKey
	if kinesis || strings.HasPrefix(d.Code, "KMS") {
		d.Service = "kinesis"
	}
	d.Actions = []string{operationAction(d.Operation, "kms:Decrypt")}
	if d.Service == "kinesis" && strings.HasPrefix(d.Operation, "PutRecord") {
		d.Actions = []string{"kms:GenerateDataKey"}
	}
	return true
}

// parseBareAccessDenied reads an access-denied code with no detail, such as
// S3's "An error occurred (AccessDenied) when calling the PutObject
// operation: Access Denied".
func parseBareAccessDenied(d *Denial, msg string) bool {
	if !isDeniedCode(d.Code) {
		return false
	}
	d.Cause = CauseGeneric
	if a := operationAction(d.Operation, ""); a != "" {
		d.Actions = []string{a}
	}
	if strings.HasPrefix(d.Action(), "s3:") || strings.Contains(msg, "Access Denied") {
		d.Service, d.Cause = "s3", CauseS3Generic
	}
	return true
}

// operationAction is the IAM action an API operation needs, for the
// operations of the setups permwiz builds; def when the operation is not
// one of them. (S3: "Required permissions for Amazon S3 API operations".)
func operationAction(op, def string) string {
	switch op {
	case "GetObject", "HeadObject":
		return "s3:GetObject"
	case "ListObjects", "ListObjectsV2", "HeadBucket":
		return "s3:ListBucket"
	case "PutObject", "CopyObject", "CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload":
		return "s3:PutObject"
	case "AssumeRole":
		return "sts:AssumeRole"
	case "Decrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "DescribeKey", "CreateGrant", "ListGrants", "Encrypt":
		return "kms:" + op
	case "PutRecord", "PutRecords", "GetRecords", "GetShardIterator", "ListShards", "DescribeStream", "DescribeStreamSummary",
		"StartStreamEncryption", "StopStreamEncryption":
		return "kinesis:" + op
	case "PassRole":
		return "iam:PassRole"
	}
	return def
}

// serviceOf is the service prefix of an action, as the service that wrote
// the message when nothing else says.
func serviceOf(action string) string {
	svc, _, ok := strings.Cut(action, ":")
	if !ok {
		return "iam"
	}
	switch svc {
	case "s3", "kms", "kinesis", "personalize":
		return svc
	}
	return "iam"
}
