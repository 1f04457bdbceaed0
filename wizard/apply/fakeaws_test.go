package apply

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
)

// fakeAWS is a loopback stand-in for the IAM, STS, KMS and S3 APIs apply.sh
// calls: it records every request and keeps just enough state (roles,
// policies and their versions, one key policy, bucket policies) for a
// second run of the script to see what the first one made.
type fakeAWS struct {
	t       *testing.T
	account string

	mu       sync.Mutex
	calls    []call
	roles    map[string]fakeRole // by name
	policies map[string][]version
	// keyPolicy is the key's current policy; bucketPolicy maps a bucket to
	// its policy ("" or absent: NoSuchBucketPolicy).
	keyPolicy    string
	bucketPolicy map[string]string
	// streamPolicy maps a stream ARN to its resource-based policy.
	streamPolicy map[string]string
	// malformedOnce makes the first PutKeyPolicy fail as KMS does when it
	// cannot see a new role yet.
	malformedOnce bool
}

// fakeRole is a role the fake holds: its path and its trust policy.
type fakeRole struct{ path, trust string }

// call is one recorded API request.
type call struct {
	Action string            // GetRole, PutKeyPolicy, GetBucketPolicy ...
	Params map[string]string // the request's parameters
}

type version struct {
	id      string
	doc     string
	created int
}

func newFakeAWS(t *testing.T, account string) *fakeAWS {
	return &fakeAWS{t: t, account: account, roles: map[string]fakeRole{}, policies: map[string][]version{}, bucketPolicy: map[string]string{}, streamPolicy: map[string]string{}}
}

func (f *fakeAWS) actions() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, c := range f.calls {
		out = append(out, c.Action)
	}
	return out
}

func (f *fakeAWS) reset() {
	f.mu.Lock()
	f.calls = nil
	f.mu.Unlock()
}

// find returns the recorded calls of one action.
func (f *fakeAWS) find(action string) []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []call
	for _, c := range f.calls {
		if c.Action == action {
			out = append(out, c)
		}
	}
	return out
}

var credentialRE = regexp.MustCompile(`Credential=[^/]+/[^/]+/[^/]+/([^/]+)/aws4_request`)

func (f *fakeAWS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	body, _ := io.ReadAll(r.Body)
	m := credentialRE.FindStringSubmatch(r.Header.Get("Authorization"))
	if m == nil {
		f.t.Errorf("unsigned request %s %s", r.Method, r.URL)
		http.Error(w, "unsigned", http.StatusForbidden)
		return
	}
	switch service := m[1]; service {
	case "iam", "sts":
		form, err := url.ParseQuery(string(body))
		if err != nil {
			f.t.Errorf("%s request body: %v", service, err)
		}
		params := map[string]string{}
		for k := range form {
			params[k] = form.Get(k)
		}
		action := params["Action"]
		f.calls = append(f.calls, call{Action: action, Params: params})
		f.query(w, service, action, params)
	case "kms":
		action := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "TrentService.")
		var params map[string]string
		if err := json.Unmarshal(body, &params); err != nil {
			f.t.Errorf("kms %s body: %v", action, err)
		}
		f.calls = append(f.calls, call{Action: action, Params: params})
		f.kms(w, action, params)
	case "kinesis":
		action := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "Kinesis_20131202.")
		var params map[string]string
		if err := json.Unmarshal(body, &params); err != nil {
			f.t.Errorf("kinesis %s body: %v", action, err)
		}
		f.calls = append(f.calls, call{Action: action, Params: params})
		f.kinesis(w, action, params)
	case "s3":
		f.s3(w, r, body)
	default:
		f.t.Errorf("request for unexpected service %q: %s %s", service, r.Method, r.URL)
		http.Error(w, "unexpected service", http.StatusBadRequest)
	}
}

const iamNS = "https://iam.amazonaws.com/doc/2010-05-08/"

func queryResponse(w http.ResponseWriter, action, ns, result string) {
	w.Header().Set("Content-Type", "text/xml")
	fmt.Fprintf(w, `<%sResponse xmlns="%s"><%sResult>%s</%sResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></%sResponse>`,
		action, ns, action, result, action, action)
}

func queryError(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<ErrorResponse xmlns="%s"><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`,
		iamNS, code, xmlText(message))
}

func xmlText(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// roleXML is a role as IAM returns it: the trust policy URL-encoded as
// RFC 3986 has it (%20 for a space, which the CLI's URL-decoding needs:
// it does not read + as a space).
func (f *fakeAWS) roleXML(name string, r fakeRole) string {
	return fmt.Sprintf(`<Role><Path>%s</Path><RoleName>%s</RoleName><RoleId>AROAFAKE</RoleId><Arn>arn:aws:iam::%s:role%s%s</Arn>`+
		`<CreateDate>2026-01-01T00:00:00Z</CreateDate><AssumeRolePolicyDocument>%s</AssumeRolePolicyDocument></Role>`,
		xmlText(r.path), xmlText(name), f.account, xmlText(r.path), xmlText(name), xmlText(strings.ReplaceAll(url.QueryEscape(r.trust), "+", "%20")))
}

func policyName(arn string) string { return arn[strings.LastIndex(arn, "/")+1:] }

func (f *fakeAWS) query(w http.ResponseWriter, service, action string, p map[string]string) {
	ok := func(result string) { queryResponse(w, action, iamNS, result) }
	switch action {
	case "GetCallerIdentity":
		queryResponse(w, action, "https://sts.amazonaws.com/doc/2011-06-15/", fmt.Sprintf(
			`<Arn>arn:aws:iam::%s:user/tester</Arn><UserId>AIDAFAKE</UserId><Account>%s</Account>`, f.account, f.account))
	case "GetRole":
		r, exists := f.roles[p["RoleName"]]
		if !exists {
			queryError(w, http.StatusNotFound, "NoSuchEntity", "The role with name "+p["RoleName"]+" cannot be found.")
			return
		}
		ok(f.roleXML(p["RoleName"], r))
	case "CreateRole":
		if _, exists := f.roles[p["RoleName"]]; exists {
			queryError(w, http.StatusConflict, "EntityAlreadyExists", "Role with name "+p["RoleName"]+" already exists.")
			return
		}
		r := fakeRole{path: p["Path"], trust: p["AssumeRolePolicyDocument"]}
		if r.path == "" {
			r.path = "/"
		}
		f.roles[p["RoleName"]] = r
		ok(f.roleXML(p["RoleName"], r))
	case "UpdateAssumeRolePolicy":
		r, exists := f.roles[p["RoleName"]]
		if !exists {
			queryError(w, http.StatusNotFound, "NoSuchEntity", "The role with name "+p["RoleName"]+" cannot be found.")
			return
		}
		r.trust = p["PolicyDocument"]
		f.roles[p["RoleName"]] = r
		ok("")
	case "GetPolicy":
		vs, exists := f.policies[p["PolicyArn"]]
		if !exists {
			queryError(w, http.StatusNotFound, "NoSuchEntity", "Policy "+p["PolicyArn"]+" does not exist or is not attachable.")
			return
		}
		ok(fmt.Sprintf(`<Policy><PolicyName>%s</PolicyName><Arn>%s</Arn><DefaultVersionId>%s</DefaultVersionId></Policy>`,
			policyName(p["PolicyArn"]), p["PolicyArn"], vs[len(vs)-1].id))
	case "CreatePolicy":
		arn := "arn:aws:iam::" + f.account + ":policy/" + p["PolicyName"]
		if _, exists := f.policies[arn]; exists {
			queryError(w, http.StatusConflict, "EntityAlreadyExists", "A policy called "+p["PolicyName"]+" already exists.")
			return
		}
		f.policies[arn] = []version{{id: "v1", doc: p["PolicyDocument"], created: 1}}
		ok(fmt.Sprintf(`<Policy><PolicyName>%s</PolicyName><Arn>%s</Arn><DefaultVersionId>v1</DefaultVersionId></Policy>`, p["PolicyName"], arn))
	case "ListPolicyVersions":
		var items strings.Builder
		vs := f.policies[p["PolicyArn"]]
		// Newest first, as IAM lists them; the last version is the default.
		for i := len(vs) - 1; i >= 0; i-- {
			fmt.Fprintf(&items, `<member><VersionId>%s</VersionId><IsDefaultVersion>%t</IsDefaultVersion><CreateDate>2026-01-%02dT00:00:00Z</CreateDate></member>`,
				vs[i].id, i == len(vs)-1, vs[i].created)
		}
		ok("<Versions>" + items.String() + "</Versions><IsTruncated>false</IsTruncated>")
	case "DeletePolicyVersion":
		vs := f.policies[p["PolicyArn"]]
		for i, v := range vs {
			if v.id == p["VersionId"] {
				f.policies[p["PolicyArn"]] = append(vs[:i:i], vs[i+1:]...)
				ok("")
				return
			}
		}
		queryError(w, http.StatusNotFound, "NoSuchEntity", "no version "+p["VersionId"])
	case "CreatePolicyVersion":
		vs := f.policies[p["PolicyArn"]]
		if len(vs) >= 5 {
			queryError(w, http.StatusConflict, "LimitExceeded", "A managed policy can have up to 5 versions.")
			return
		}
		last := vs[len(vs)-1]
		id := fmt.Sprintf("v%d", last.created+1)
		f.policies[p["PolicyArn"]] = append(vs, version{id: id, doc: p["PolicyDocument"], created: last.created + 1})
		ok(fmt.Sprintf(`<PolicyVersion><VersionId>%s</VersionId><IsDefaultVersion>true</IsDefaultVersion></PolicyVersion>`, id))
	case "AttachRolePolicy", "AttachUserPolicy", "AttachGroupPolicy":
		if arn := p["PolicyArn"]; !strings.Contains(arn, ":aws:policy/") {
			if _, exists := f.policies[arn]; !exists {
				queryError(w, http.StatusNotFound, "NoSuchEntity", "Policy "+arn+" does not exist or is not attachable.")
				return
			}
		}
		ok("")
	default:
		f.t.Errorf("unexpected %s action %s", service, action)
		queryError(w, http.StatusBadRequest, "InvalidAction", action)
	}
}

func (f *fakeAWS) kms(w http.ResponseWriter, action string, p map[string]string) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	switch action {
	case "GetKeyPolicy":
		_ = json.NewEncoder(w).Encode(map[string]string{"Policy": f.keyPolicy, "PolicyName": "default"})
	case "PutKeyPolicy":
		if f.malformedOnce {
			f.malformedOnce = false
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"__type":"MalformedPolicyDocumentException","message":"Policy contains a statement with one or more invalid principals."}`)
			return
		}
		f.keyPolicy = p["Policy"]
		fmt.Fprint(w, `{}`)
	default:
		f.t.Errorf("unexpected KMS action %s", action)
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"__type":"UnknownOperationException","message":%q}`, action)
	}
}

// kinesis serves a stream's resource-based policy: a stream without one
// answers an empty policy, "{}".
func (f *fakeAWS) kinesis(w http.ResponseWriter, action string, p map[string]string) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	switch action {
	case "GetResourcePolicy":
		pol := f.streamPolicy[p["ResourceARN"]]
		if pol == "" {
			pol = "{}"
		}
		_ = json.NewEncoder(w).Encode(map[string]string{"Policy": pol})
	case "PutResourcePolicy":
		f.streamPolicy[p["ResourceARN"]] = p["Policy"]
		fmt.Fprint(w, `{}`)
	default:
		f.t.Errorf("unexpected Kinesis action %s", action)
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"__type":"UnknownOperationException","message":%q}`, action)
	}
}

// s3 serves GET and PUT /BUCKET?policy, path style (the CLI's style for an
// IP address endpoint) or virtual-hosted.
func (f *fakeAWS) s3(w http.ResponseWriter, r *http.Request, body []byte) {
	bucket := strings.Trim(r.URL.Path, "/")
	if host, _, _ := strings.Cut(r.Host, ":"); bucket == "" && strings.Count(host, ".") > 0 && !regexp.MustCompile(`^[0-9.]+$`).MatchString(host) {
		bucket = host[:strings.Index(host, ".")]
	}
	if _, ok := r.URL.Query()["policy"]; !ok {
		f.t.Errorf("unexpected S3 request %s %s", r.Method, r.URL)
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	switch r.Method {
	case http.MethodGet:
		f.calls = append(f.calls, call{Action: "GetBucketPolicy", Params: map[string]string{"Bucket": bucket}})
		policy := f.bucketPolicy[bucket]
		if policy == "" {
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchBucketPolicy</Code><Message>The bucket policy does not exist</Message><BucketName>%s</BucketName></Error>`, bucket)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, policy)
	case http.MethodPut:
		f.calls = append(f.calls, call{Action: "PutBucketPolicy", Params: map[string]string{"Bucket": bucket, "Policy": string(body)}})
		f.bucketPolicy[bucket] = string(body)
		w.WriteHeader(http.StatusNoContent)
	default:
		f.t.Errorf("unexpected S3 request %s %s", r.Method, r.URL)
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
}

// policyNames lists the customer managed policies the fake holds.
func (f *fakeAWS) policyNames() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for arn := range f.policies {
		out = append(out, policyName(arn))
	}
	sort.Strings(out)
	return out
}
